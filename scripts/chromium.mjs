// Chromium launch flags shared by the unit tests, the end-to-end tests and the benchmarks.
// The background-networking flags stop Chromium from calling outside hosts (TOOLCHAIN.md); the
// WebRTC flags let data channels connect over 127.0.0.1 without STUN.
export const chromiumFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** The browser to drive: CHROME_PATH, else Debian's chromium. Used by scripts and e2e tests. */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

// Reading a QR code with the device's camera, where the browser has a BarcodeDetector: the camera's
// picture in a <video> the screen shows, a few looks a second until a code the screen accepts is
// seen, or the scan is stopped. Shared by the Sync screen (sync codes) and the link screen (links).

/** Whether this browser can read QR codes from a camera. Called by the Sync and link screens. */
export function canScanQr(): boolean {
  return typeof (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector === 'function' && !!navigator.mediaDevices?.getUserMedia;
}

/** A running scan: stop() ends it and frees the camera. */
export interface QrScan {
  stop(): void;
}

/**
 * Starts the camera (the one facing away, where there is a choice): resolves with the scan once the
 * camera is on, or null when it cannot be used (no permission, no camera). `video()` gives the
 * element to show the picture in, once the screen rendered it; `accept` says whether a code read is
 * the one wanted, and gets it; the scan then stops by itself. Called by the Sync and link screens.
 */
export async function startQrScan(video: () => Promise<HTMLVideoElement | null>, accept: (text: string) => boolean, onStop: () => void): Promise<QrScan | null> {
  type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
  const Ctor = (globalThis as unknown as { BarcodeDetector: new (o: { formats: string[] }) => Detector }).BarcodeDetector;
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  } catch {
    return null;
  }
  let live = true;
  const scan: QrScan = {
    stop() {
      if (!live) return;
      live = false;
      for (const t of stream.getTracks()) t.stop();
      onStop();
    },
  };
  void (async () => {
    const el = await video();
    if (!el) return scan.stop();
    el.srcObject = stream;
    await el.play().catch(() => undefined);
    const detector = new Ctor({ formats: ['qr_code'] });
    // A few looks a second: enough to catch a code held still, and light on a phone's battery.
    while (live) {
      const found = await detector.detect(el).catch(() => []);
      if (found.some((f) => live && accept(f.rawValue))) return scan.stop();
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return scan;
}

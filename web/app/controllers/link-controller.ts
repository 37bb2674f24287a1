// Shared links' I/O (docs/links.md, issue 10): making a link of chosen records (sealed by the links
// core, its audit entry written to the patient's own log), and opening one, which needs no identity
// and writes nothing anywhere: the records stay in this page's memory until it closes. The link's
// key lives only in its fragment, which no browser sends to a server.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LINK_PATH, LinkError, linkUrl, makeLink, openLink, qrFits, readLinkHeader, type LinkContents, type LinkErrorReason, type LinkHeader } from '../../core/links/index.ts';

/** A link made on this device: its URL (the key in its fragment), whether a QR code can hold it, and what it says. */
export interface MadeLink {
  url: string;
  fragment: string;
  fitsQr: boolean;
  header: LinkHeader;
}

/** The link in the page's address (`#/link/…`), or '' when the address holds none. Called by the link screen. */
export function linkInAddress(): string {
  const f = location.hash.slice(1);
  return f.startsWith(LINK_PATH) && f.length > LINK_PATH.length ? f : '';
}

/** The fragment of a link pasted, scanned or read from a file: the text from `#/link/` on, or ''. Called by the link screen. */
export function fragmentOf(text: string): string {
  const t = text.trim();
  const at = t.indexOf(`#${LINK_PATH}`);
  if (at >= 0) return t.slice(at + 1);
  return t.startsWith(LINK_PATH) ? t : '';
}

/** Makes and opens links. Used by the link screens. */
export class LinkController implements ReactiveController {
  state: 'idle' | 'working' | 'done' | 'failed' = 'idle';
  /** How far the passcode's key derivation is, 0 to 1, while it runs. */
  progress = 0;
  made: MadeLink | null = null;
  /** A link's header read before its passcode. */
  header: LinkHeader | null = null;
  opened: { header: LinkHeader; contents: LinkContents } | null = null;
  problem: LinkErrorReason | 'other' | '' = '';
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    // What a link opened stays in memory only while its screen shows.
    this.opened = null;
  }

  /** Makes a link of `contents` until `expiresAt`, with an optional passcode; the app's own address is its base. */
  async make(contents: LinkContents, expiresAt: number, passcode: string): Promise<MadeLink | null> {
    this.#start();
    try {
      const createdAt = Date.now();
      const fragment = await makeLink(contents, { createdAt, expiresAt, passcode: passcode || undefined, onProgress: (f) => this.#progress(f) });
      const url = linkUrl(`${location.origin}${location.pathname}`, fragment);
      this.made = { url, fragment, fitsQr: qrFits(url), header: readLinkHeader(fragment) };
      this.state = 'done';
      return this.made;
    } catch (e) {
      this.#fail(e);
      return null;
    } finally {
      this.#host.requestUpdate();
    }
  }

  /** Reads what a link says before its passcode: its dates, how many records, whether it needs a passcode. */
  read(fragment: string): LinkHeader | null {
    this.problem = '';
    this.opened = null;
    try {
      this.header = readLinkHeader(fragment);
      if (this.header.expiresAt <= Date.now()) this.problem = 'expired';
      return this.header;
    } catch (e) {
      this.header = null;
      this.#fail(e);
      return null;
    } finally {
      this.#host.requestUpdate();
    }
  }

  /** Opens a link with its passcode (if it has one): the records, in memory only. */
  async open(fragment: string, passcode: string): Promise<boolean> {
    this.#start();
    try {
      this.opened = await openLink(fragment, { now: Date.now(), passcode: passcode || undefined, onProgress: (f) => this.#progress(f) });
      this.state = 'done';
      return true;
    } catch (e) {
      this.#fail(e);
      return false;
    } finally {
      this.#host.requestUpdate();
    }
  }

  /** Forgets the link opened or made (the screen closes it). */
  close(): void {
    this.opened = null;
    this.made = null;
    this.header = null;
    this.problem = '';
    this.state = 'idle';
    this.#host.requestUpdate();
  }

  #start(): void {
    this.state = 'working';
    this.progress = 0;
    this.problem = '';
    this.#host.requestUpdate();
  }

  #progress(f: number): void {
    this.progress = f;
    this.#host.requestUpdate();
  }

  #fail(e: unknown): void {
    this.state = 'failed';
    this.problem = e instanceof LinkError ? e.reason : 'other';
  }
}

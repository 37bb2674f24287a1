// A link as a QR code (ISO/IEC 18004), encoded by the `qr` package: the app draws exactly the grid
// qrModules gives, and the tests decode that same grid with an independent decoder.
import encodeQR from 'qr';

/**
 * Error correction "medium" (about 15% of the code may be lost), as the sync code's QR uses: a
 * camera reading a screen needs little more, and a higher level would cut what fits (version 40
 * holds 2,331 bytes at medium, 1,663 at quartile).
 */
export const QR_ECC = 'medium';
/** The quiet zone around the code, in modules: 4, the width ISO/IEC 18004 asks for. */
export const QR_QUIET_ZONE = 4;

/** The grid, or null when `text` is past what version 40 holds at QR_ECC. */
function _grid(text: string): boolean[][] | null {
  try {
    return encodeQR(text, 'raw', { ecc: QR_ECC, border: QR_QUIET_ZONE });
  } catch {
    return null; // the package refuses text past version 40's capacity ("Capacity overflow")
  }
}

/** Whether `url` fits one QR code (version 40 or less at QR_ECC). Called by the link screen to offer a file instead. */
export function qrFits(url: string): boolean {
  if (typeof url !== 'string') throw new TypeError('url must be a string');
  return _grid(url) !== null;
}

/**
 * The QR code of `url` as rows of modules (true = dark), the quiet zone included. Throws RangeError
 * when it does not fit (qrFits). Called by the link screen to draw the code, and by its tests.
 */
export function qrModules(url: string): boolean[][] {
  if (typeof url !== 'string') throw new TypeError('url must be a string');
  const grid = _grid(url);
  if (grid === null) throw new RangeError(`url is ${url.length} characters, more than one QR code holds at error correction ${QR_ECC}`);
  return grid;
}

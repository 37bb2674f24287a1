// Shared links (docs/links.md; docs/design.md "Shared links"): a link carries chosen records,
// encrypted, in the app's own URL fragment, with an optional passcode, and is also drawn as a QR
// code. Pure: time and randomness are arguments (randomness defaults to crypto.getRandomValues).
// Used by the link screens (making a link, and opening one in a fresh browser).
export {
  LINK_PATH,
  MAX_LINK_BYTES,
  MAX_PATIENT_NAME,
  MAX_NOTE,
  MAX_PASSCODE,
  LINK_KDF,
  LinkError,
  makeLink,
  readLinkHeader,
  openLink,
  linkUrl,
} from './link.ts';
export type { LinkContents, LinkHeader, LinkErrorReason, LinkKdf, MakeLinkOptions, OpenLinkOptions } from './link.ts';
export { QR_ECC, QR_QUIET_ZONE, qrFits, qrModules } from './qr.ts';

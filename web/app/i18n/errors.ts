// Errors said in words. The layers below the app (ledger, storage, workers) throw errors whose
// messages are for developers, in English; the errors a person can meet and act on are told apart
// here by their name (kept across the worker boundary) or their known wording, and said as a
// sentence in the language shown. Any other error keeps its own message, which the screens show
// after a sentence of their own, as a detail for support.
import { msg, str } from '@lit/localize';

function _name(e: unknown): string {
  const name = (e as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}

/** The error's own message (its text for developers), or the value as text. */
export function rawMessage(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === 'string' && m ? m : String(e);
}

// The NetworkMismatchError's wording (web/ledger/_open-checks.ts): the two networks are read back
// from it, so the sentence can name them in the language shown.
const _MISMATCH = /belongs to network "([^"]*)" \(MWM (\d+)\), not to network "([^"]*)" \(MWM (\d+)\)/;

/**
 * What went wrong, as a clause that can follow a colon: a sentence of the app's for the errors a
 * person can meet (storage full, the Tangle open in another tab, a copy of another network, a
 * damaged copy, a full copy, a locked identity), and the error's own message for any other. Called by the controllers.
 */
export function errorInWords(e: unknown): string {
  const name = _name(e);
  const raw = rawMessage(e);
  if (name === 'QuotaExceededError' || /quota/i.test(raw)) return msg('this device’s storage is full');
  if (name === 'ReplicaFullError') return msg('this device’s copy of the Tangle holds as many transactions as it can');
  if (/open in another tab or window/.test(raw)) return msg('medtangle is open in another tab or window: close it there to use the Tangle here');
  if (/changed under this window/.test(raw)) return msg('another tab changed this device’s copy of the Tangle: reload the app');
  if (name === 'NetworkMismatchError') {
    const m = _MISMATCH.exec(raw);
    if (m) {
      const [, had, hadMwm, asked, askedMwm] = m;
      return msg(str`it belongs to network ${had} (MWM ${hadMwm}), not to network ${asked} (MWM ${askedMwm})`);
    }
    return msg('it belongs to another network');
  }
  if (name === 'ReplicaDamagedError') return msg(str`its stored data is damaged (details for support: ${raw})`);
  // A test bundle needs a signer: the unlocked identity (web/workers/tangle-client.ts createBundle).
  if (name === 'IdentityError' && (e as { reason?: unknown }).reason === 'locked') {
    return msg('no identity is unlocked on this device: unlock yours (or make one) on the Home screen first');
  }
  return raw;
}

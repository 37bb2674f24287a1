// Errors that cross a worker boundary keep their `reason` (internal to web/workers). Comlink sends a
// thrown Error as its name, message and stack only; the app words vault and identity errors by their
// reason ('wrong-passphrase', 'locked', …), so the workers send it too. The main thread's comlink
// copies every field it receives back onto the Error.
import * as Comlink from 'comlink';

type _Thrown = { value: unknown };
type _Handler = Comlink.TransferHandler<_Thrown, unknown>;

/** Makes this worker's thrown errors carry their `reason`. Called once at the top of each worker. */
export function _keepErrorReasons(): void {
  const base = Comlink.transferHandlers.get('throw') as _Handler | undefined;
  if (!base) return;
  Comlink.transferHandlers.set('throw', {
    canHandle: base.canHandle,
    serialize(thrown: _Thrown) {
      const [serialized, transfer] = base.serialize(thrown) as [{ isError?: boolean; value: Record<string, unknown> }, Transferable[]];
      const reason = (thrown.value as { reason?: unknown } | null)?.reason;
      if (serialized.isError && typeof reason === 'string') serialized.value = { ...serialized.value, reason };
      return [serialized, transfer];
    },
    deserialize: base.deserialize,
  } as _Handler);
}

// States of the Sync screen's flow for the component and catalogue tests (not a test file): every
// step, every problem a code can have, every way a sync can fail, and a history with each outcome.
import type { CodeProblem, FailCause, SyncRecord, SyncView } from '../../web/app/controllers/sync-controller.ts';
import type { SyncResult } from '../../web/sync/index.ts';

/** A code as a page shows it (made by hand: the screen only shows it). */
export const CODE = 'mt1.AQAEYWJjZBhhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3gHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBxOIAQAEfwAAAcNQ';
/** The other device's name in the fixtures. */
export const PEER = 'ABCD-1234';

export const PROBLEMS: readonly CodeProblem[] = ['empty', 'not-a-code', 'cut', 'damaged', 'newer', 'offer-not-answer', 'answer-not-offer', 'no-address'];
export const CAUSES: readonly FailCause[] = ['unreachable', 'setup', 'worker'];

export const view = (patch: Partial<SyncView>): SyncView => ({
  step: 'start',
  role: null,
  direction: 'both',
  code: '',
  peer: '',
  codeProblem: null,
  progress: null,
  etaSeconds: null,
  result: null,
  failCause: null,
  ...patch,
});

export const result = (patch: Partial<SyncResult>): SyncResult => ({
  peer: PEER,
  outcome: 'done',
  wanted: 120,
  stored: 120,
  toSend: 7,
  sent: 7,
  bytesIn: 160_000,
  bytesOut: 9_500,
  refused: {},
  malformed: 0,
  outOfPlace: 0,
  reconcileBytes: 400,
  rounds: 1,
  ...patch,
});

/** Every state the flow can show, named. */
export function views(): [string, SyncView][] {
  const out: [string, SyncView][] = [
    ['start', view({})],
    ['start, receive only', view({ direction: 'receive' })],
    ['making an offer', view({ step: 'making-offer', role: 'initiator' })],
    ['offer shown', view({ step: 'offer', role: 'initiator', code: CODE })],
    ['entering an offer', view({ step: 'enter-offer', role: 'responder' })],
    ['making an answer', view({ step: 'making-answer', role: 'responder', peer: PEER })],
    ['answer shown', view({ step: 'answer', role: 'responder', code: CODE, peer: PEER })],
    ['connecting', view({ step: 'connecting', role: 'initiator', code: CODE, peer: PEER })],
    ['syncing, at the start', view({ step: 'syncing', role: 'initiator', peer: PEER, progress: { wanted: 0, stored: 0, toSend: 0, sent: 0, bytesIn: 0, bytesOut: 0 } })],
    [
      'syncing, with an estimate',
      view({ step: 'syncing', role: 'initiator', peer: PEER, progress: { wanted: 300, stored: 100, toSend: 100, sent: 50, bytesIn: 130_000, bytesOut: 70_000 }, etaSeconds: 42 }),
    ],
    ['done', view({ step: 'done', role: 'initiator', peer: PEER, result: result({}) })],
    ['done, nothing new', view({ step: 'done', role: 'responder', peer: PEER, result: result({ wanted: 0, stored: 0, toSend: 0, sent: 0 }) })],
    ['done, with refused txs', view({ step: 'done', role: 'initiator', peer: PEER, result: result({ refused: { POW: 2, SIGNATURE_INVALID: 1 } }) })],
    ['failed, interrupted', view({ step: 'failed', role: 'initiator', peer: PEER, result: result({ outcome: 'interrupted', stored: 40 }) })],
    ['failed, dropped', view({ step: 'failed', role: 'initiator', peer: PEER, result: result({ outcome: 'dropped', refused: { SIGNATURE_INVALID: 17 } }) })],
  ];
  for (const p of PROBLEMS) out.push([`code problem ${p}`, view({ step: p === 'offer-not-answer' ? 'offer' : 'enter-offer', code: CODE, codeProblem: p })]);
  for (const c of CAUSES) out.push([`failed, ${c}`, view({ step: 'failed', role: 'responder', failCause: c })]);
  return out;
}

const record = (patch: Partial<SyncRecord>): SyncRecord => ({
  at: Date.UTC(2026, 11, 4, 14, 3, 12),
  network: 'test',
  peer: PEER,
  role: 'initiator',
  direction: 'both',
  outcome: 'done',
  stored: 12,
  sent: 1,
  bytes: 17_000,
  refused: {},
  ...patch,
});

/** A history with each outcome, a receive-only sync, refused txs, and one on another network. */
export const HISTORY: SyncRecord[] = [
  record({}),
  record({ outcome: 'interrupted', direction: 'receive', stored: 5, sent: 0 }),
  record({ outcome: 'dropped', refused: { SIGNATURE_INVALID: 17, POW: 1 }, stored: 0, sent: 0 }),
  record({ outcome: 'unreachable', stored: 0, sent: 0, bytes: 0 }),
  record({ network: 'clinic-b', peer: 'FFFF-0000' }),
];

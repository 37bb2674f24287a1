// The patient's record as a FHIR file (issue 9, "FHIR interoperability"): export as an International
// Patient Summary document, and import a FHIR file from elsewhere, validated, each resource then
// sealed as the patient's own record and attached with the proof of work. The validator is loaded
// only when a file is exported or imported (web/core/fhir is a chunk of its own, precached).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Resource } from '@medplum/fhirtypes';
import type { ImportError, ImportSummary } from '../../core/fhir/index.ts';
import type { MyRecord } from '../../identity/index.ts';
import type { IdentityClient } from '../../workers/index.ts';
import { appIdentity } from './identity-controller.ts';
import { appTangleClient } from './tangle-controller.ts';
import { loadNetwork } from './network-settings.ts';
import { saveDownload } from './download.ts';
import type { RecordsTangle } from './records-controller.ts';

/** Where an import is. */
export type FhirImportView =
  | { state: 'idle' }
  | { state: 'reading' }
  | { state: 'refused'; file: string; errors: ImportError[] }
  | { state: 'ready'; file: string; summary: ImportSummary; count: number }
  | { state: 'storing'; done: number; total: number }
  | { state: 'stored'; total: number }
  | { state: 'stopped'; done: number; total: number; error: string };


/** Exports and imports FHIR files. Used by the FHIR file card of My record. */
export class FhirController implements ReactiveController {
  view: FhirImportView = { state: 'idle' };
  exportError = '';
  readonly #host: ReactiveControllerHost;
  readonly #identity: () => IdentityClient;
  readonly #tangle: () => RecordsTangle;
  #pending: Resource[] = [];
  #abort: AbortController | null = null;

  constructor(host: ReactiveControllerHost, options: { identity?: IdentityClient; tangle?: RecordsTangle } = {}) {
    this.#host = host;
    this.#identity = () => options.identity ?? appIdentity();
    this.#tangle = () => options.tangle ?? (appTangleClient(loadNetwork()) as unknown as RecordsTangle);
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Saves the patient's records as an IPS document file. */
  async exportSummary(records: readonly MyRecord[]): Promise<void> {
    this.exportError = '';
    try {
      const info = this.#identity().info;
      if (!info) throw new Error('the identity is locked');
      const { ipsDocument } = await import('../../core/fhir/index.ts');
      const doc = ipsDocument({
        patient: { familyName: info.profile.familyName, givenName: info.profile.givenName, birthDate: info.profile.birthDate, x25519: info.agreementKey },
        records: records.map((r) => r.resource as unknown as Resource),
        now: new Date().toISOString(),
        newUuid: () => crypto.randomUUID(),
      });
      saveDownload(JSON.stringify(doc, null, 2), `medtangle-summary-${new Date().toISOString().slice(0, 10)}.json`, 'application/fhir+json');
    } catch (e) {
      this.exportError = (e as Error)?.message ?? String(e);
    }
    this.#host.requestUpdate();
  }

  /** Reads and checks a file; nothing is stored until storeImport. */
  async readFile(file: File): Promise<void> {
    this.view = { state: 'reading' };
    this.#host.requestUpdate();
    const { MAX_IMPORT_BYTES, readFhirImport } = await import('../../core/fhir/index.ts');
    if (file.size > MAX_IMPORT_BYTES) {
      this.view = { state: 'refused', file: file.name, errors: [{ resource: file.name, path: '', rule: 'too-large', detail: `${file.size} bytes` }] };
    } else {
      const info = this.#identity().info;
      const self = info ? { type: 'Patient' as const, identifier: { system: 'urn:medtangle:key:x25519', value: info.agreementKey }, display: `${info.profile.givenName} ${info.profile.familyName}` } : undefined;
      const result = readFhirImport(await file.text(), self);
      if (result.ok) {
        this.#pending = result.resources;
        this.view = { state: 'ready', file: file.name, summary: result.summary, count: result.resources.length };
      } else this.view = { state: 'refused', file: file.name, errors: result.errors };
    }
    this.#host.requestUpdate();
  }

  /** Seals and attaches each resource of the file read, one record each; a stop keeps what was stored. */
  async storeImport(): Promise<void> {
    const resources = this.#pending;
    if (this.view.state !== 'ready' || resources.length === 0) return;
    const abort = (this.#abort = new AbortController());
    let done = 0;
    this.view = { state: 'storing', done, total: resources.length };
    this.#host.requestUpdate();
    try {
      for (const resource of resources) {
        if (abort.signal.aborted) throw new DOMException('stopped', 'AbortError');
        const { txs } = await this.#identity().sealRecord(resource as { resourceType: string });
        await this.#tangle().attachSigned(txs, { signal: abort.signal });
        done++;
        this.view = { state: 'storing', done, total: resources.length };
        this.#host.requestUpdate();
      }
      this.view = { state: 'stored', total: resources.length };
      this.#pending = [];
    } catch (e) {
      const cancelled = abort.signal.aborted || (e as { name?: string })?.name === 'AbortError';
      this.view = { state: 'stopped', done, total: resources.length, error: cancelled ? '' : ((e as Error)?.message ?? String(e)) };
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.#host.requestUpdate();
    }
  }

  /** Stops storing (what is stored stays) or forgets the file read. */
  cancel(): void {
    if (this.view.state === 'storing') this.#abort?.abort();
    else {
      this.#pending = [];
      this.view = { state: 'idle' };
      this.#host.requestUpdate();
    }
  }
}

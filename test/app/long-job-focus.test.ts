// The long-job focus controller: focus goes to Cancel when a job starts (from within the host), back
// to where it started when it ends, Escape in the host cancels a running job and nothing else, and
// focus the user took elsewhere is never pulled back.
import { expect } from 'chai';
import { LitElement, html } from 'lit';
import { LongJobFocus } from '../../web/app/controllers/long-job-focus.ts';

class TestJobHost extends LitElement {
  static override properties = { running: { type: Boolean } };
  running = false;
  cancels = 0;
  readonly focus$ = new LongJobFocus(this, {
    running: () => this.running,
    cancel: () => {
      this.cancels++;
      this.running = false;
    },
    cancelSelector: '#cancel',
    returnSelector: '#start',
  });
  override render() {
    return html`<input id="field" /><button id="start" ?disabled=${this.running} @click=${() => (this.running = true)}>Start</button>
      ${this.running ? html`<button id="cancel">Cancel</button>` : null}`;
  }
}
customElements.define('test-job-host', TestJobHost);

const tick = () => new Promise((done) => setTimeout(done, 0));
const activeId = (host: TestJobHost) => host.shadowRoot!.activeElement?.id ?? null;

async function mount(): Promise<TestJobHost> {
  const host = document.createElement('test-job-host') as TestJobHost;
  document.body.append(host);
  await host.updateComplete;
  return host;
}

function key(target: Element, k: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true }));
}

describe('LongJobFocus', () => {
  afterEach(() => document.querySelectorAll('test-job-host, input.outside').forEach((e) => e.remove()));

  it('moves focus to Cancel when the job starts and back to what started it when it ends', async () => {
    const host = await mount();
    const start = host.shadowRoot!.querySelector<HTMLButtonElement>('#start')!;
    start.focus();
    start.click();
    await host.updateComplete;
    await tick();
    expect(activeId(host)).to.equal('cancel');
    host.running = false;
    await host.updateComplete;
    await tick();
    expect(activeId(host)).to.equal('start');
    expect(host.cancels).to.equal(0);
  });

  it('Escape in the host cancels a running job, and does nothing when none runs', async () => {
    const host = await mount();
    const field = host.shadowRoot!.querySelector('#field')!;
    key(field, 'Escape');
    expect(host.cancels, 'no job: nothing to cancel').to.equal(0);
    host.shadowRoot!.querySelector<HTMLButtonElement>('#start')!.focus();
    host.running = true;
    await host.updateComplete;
    await tick();
    key(host.shadowRoot!.querySelector('#cancel')!, 'Enter');
    expect(host.cancels, 'another key does not cancel').to.equal(0);
    key(host.shadowRoot!.querySelector('#cancel')!, 'Escape');
    expect(host.cancels).to.equal(1);
    await host.updateComplete;
    await tick();
    expect(host.shadowRoot!.querySelector('#cancel')).to.equal(null);
    expect(activeId(host), 'focus back where the job started').to.equal('start');
  });

  it('never pulls focus back from where the user went while the job runs', async () => {
    const host = await mount();
    const outside = Object.assign(document.createElement('input'), { className: 'outside' });
    document.body.append(outside);
    outside.focus();
    host.running = true;
    await host.updateComplete;
    await tick();
    expect(document.activeElement).to.equal(outside);
    host.running = false;
    await host.updateComplete;
    await tick();
    expect(document.activeElement, 'the job ended while the user was elsewhere').to.equal(outside);
  });

  it('lets go of Escape once the host leaves the page', async () => {
    const host = await mount();
    host.running = true;
    await host.updateComplete;
    host.remove();
    key(host, 'Escape');
    expect(host.cancels).to.equal(0);
  });
});

// Shared styles. Colours are CSS custom properties set once on <mt-app>; they cross shadow roots.
import { css } from 'lit';

/** Design tokens, light and dark. Applied by mt-app to itself and so inherited by every page. */
export const tokens = css`
  :host {
    /* A long word ("passphrase" in a heading at 200% text on a 320 px screen) breaks instead of
       widening the page (WCAG 1.4.10); inherited, so it reaches every shadow root below. */
    overflow-wrap: break-word;
    --mt-bg: #f6faf9;
    --mt-surface: #ffffff;
    --mt-text: #15201f;
    --mt-muted: #4d5f5d;
    --mt-border: #c9d8d5;
    --mt-accent: #0f5e59;
    --mt-accent-text: #ffffff;
    --mt-focus: #1d6fd8;
    --mt-error: #b3261e;
    --mt-error-bg: #fdecea;
    --mt-ok: #1b6e2e;
    --mt-ok-bg: #e6f4ea;
    --mt-warn-bg: #fff4d6;
    /* Form controls' borders: at least 3:1 against their background (WCAG 1.4.11). */
    --mt-input-border: #5b6f6c;
    --mt-radius: 10px;
    --mt-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', monospace;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --mt-bg: #0d1716;
      --mt-surface: #152422;
      --mt-text: #e4efed;
      --mt-muted: #a3b7b4;
      --mt-border: #2e4542;
      --mt-accent: #5cc4b9;
      --mt-accent-text: #06201d;
      --mt-focus: #8ab4f8;
      --mt-error: #f2b8b5;
      --mt-error-bg: #3b1715;
      --mt-ok: #a8dab5;
      --mt-ok-bg: #16301d;
      --mt-warn-bg: #3a3010;
      --mt-input-border: #8ea6a2;
    }
  }
`;

/** Buttons, cards, form fields and notices used across pages. */
export const shared = css`
  :host {
    display: block;
    color: var(--mt-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.5rem;
  }
  h2 {
    font-size: 1.25rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  .card {
    background: var(--mt-surface);
    border: 1px solid var(--mt-border);
    border-radius: var(--mt-radius);
    padding: 1rem 1.25rem;
    margin: 0 0 1rem;
  }
  @media (max-width: 30rem) {
    .card {
      padding: 0.85rem 0.85rem;
    }
  }
  button {
    font: inherit;
    min-height: 2.75rem;
    padding: 0.5rem 1.1rem;
    border-radius: 8px;
    border: 1px solid var(--mt-accent);
    background: var(--mt-accent);
    color: var(--mt-accent-text);
    cursor: pointer;
  }
  button.secondary {
    background: transparent;
    color: var(--mt-accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible,
  [tabindex]:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--mt-focus);
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0 0 0.25rem;
  }
  .hint {
    color: var(--mt-muted);
    font-size: 0.9rem;
  }
  input,
  textarea,
  select {
    font: inherit;
    color: var(--mt-text);
    background: var(--mt-bg);
    border: 1px solid var(--mt-input-border);
    border-radius: 8px;
    padding: 0.5rem 0.6rem;
    width: 100%;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--mt-error);
    border-width: 2px;
  }
  .field {
    margin: 0 0 1rem;
  }
  .field-error {
    color: var(--mt-error);
    font-weight: 600;
    margin: 0.25rem 0;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 1rem;
  }
  legend {
    font-weight: 700;
    margin: 0 0 0.5rem;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    margin: 0 0 0.5rem;
  }
  .choice input {
    width: auto;
    min-width: 1.25rem;
    min-height: 1.25rem;
    margin-top: 0.2rem;
  }
  .choice label {
    font-weight: 400;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0 0 0.75rem;
  }
  h1:focus {
    outline: none;
  }
  progress {
    width: 100%;
    height: 0.9rem;
    accent-color: var(--mt-accent);
  }
  .notice {
    border-radius: 8px;
    padding: 0.6rem 0.8rem;
    margin: 0.75rem 0 0;
  }
  .notice.error {
    background: var(--mt-error-bg);
    color: var(--mt-error);
  }
  .notice.ok {
    background: var(--mt-ok-bg);
    color: var(--mt-ok);
  }
  .notice.warn {
    background: var(--mt-warn-bg);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .mono {
    font-family: var(--mt-mono);
    word-break: break-all;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.35rem 1rem;
    margin: 0.75rem 0 0;
  }
  dt {
    color: var(--mt-muted);
  }
  dd {
    margin: 0;
  }
`;

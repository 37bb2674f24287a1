// Saving bytes or text as a file the user keeps: a download in the browser. Shared by the Tangle
// controller (replica files) and the FHIR controller (summary files).

/** Saves `data` as a file named `name` of media type `type`. Called by the Tangle and FHIR controllers. */
export function saveDownload(data: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by then; a revoke at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

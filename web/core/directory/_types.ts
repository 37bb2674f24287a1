// Types shared by the directory's files. Internal to web/core/directory.

/** One code of the FHIR R4 value set c80-practice-codes, as data/practice-settings.json holds it. */
export interface PracticeSetting {
  /** SNOMED CT concept id. */
  code: string;
  /** The display the value set gives (English). */
  display: string;
  /** The project's own Ukrainian wording. */
  uk: string;
  /** The value set's canonical URL. */
  source: string;
  /** Other displays the value set gives the same code (it lists two codes twice). */
  also?: string[];
}

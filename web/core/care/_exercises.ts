// The doctor's exercise form and the R4 CarePlan it becomes: one activity per exercise, each a
// contained ServiceRequest (name, how often, for how long, instructions). R4's CarePlan.basedOn can only
// point at a CarePlan, so the request goes in supportingInfo, and in each activity's basedOn
// (docs/design.md "Records").
import type { CarePlan, ServiceRequest } from '@medplum/fhirtypes';
import { cleanText, textOf } from './_common.ts';
import { checkAnswerContext, scheduleProblems, timingOf, toSchedule, type AnswerContext, type Schedule, type ScheduleProblem } from './_answer.ts';

/** Most exercises one plan holds (lengths here are in UTF-16 code units, what `maxlength` counts). Used by the exercise rules. */
export const MAX_EXERCISES = 20;
/** Longest exercise name. Used by the exercise rules. */
export const MAX_EXERCISE_NAME = 120;
/** Longest instructions. Used by the exercise rules. */
export const MAX_INSTRUCTIONS = 1000;

/** One exercise once valid. Used by exercisePlan. */
export interface Exercise extends Schedule {
  name: string;
  /** '' when none. */
  instructions: string;
}

/** The exercise form once its rules pass (toExercisesForm). Used by exercisePlan. */
export interface ExercisesForm {
  exercises: Exercise[];
}

/** The exercise form's raw values. Used by the exercise form. */
export interface ExercisesInput {
  exercises?: unknown;
}

/** A field of the exercise form; `exercises.*.x` is field x of any one exercise. Used by EXERCISES_RULES. */
export type ExercisesField = 'exercises' | 'exercises.*.name' | 'exercises.*.timesPerPeriod' | 'exercises.*.periodUnit' | 'exercises.*.durationDays' | 'exercises.*.instructions';
export type ExercisesProblem = 'required' | 'too-many' | 'too-long' | ScheduleProblem;

/** Every code each field's rules can return; the screens have a message for each. */
export const EXERCISES_RULES: Readonly<Record<ExercisesField, readonly ExercisesProblem[]>> = Object.freeze({
  exercises: Object.freeze(['required', 'too-many'] as const),
  'exercises.*.name': Object.freeze(['required', 'too-long'] as const),
  'exercises.*.timesPerPeriod': Object.freeze(['required', 'number-format', 'out-of-range'] as const),
  'exercises.*.periodUnit': Object.freeze(['required', 'unknown'] as const),
  'exercises.*.durationDays': Object.freeze(['required', 'number-format', 'out-of-range'] as const),
  'exercises.*.instructions': Object.freeze(['too-long'] as const),
});

/** Every problem keyed by path (`exercises`, `exercises.<i>.<field>`), empty when valid. Called by the form. */
export function exercisesProblems(values: ExercisesInput): Record<string, ExercisesProblem> {
  const out: Record<string, ExercisesProblem> = {};
  const list = Array.isArray(values?.exercises) ? (values.exercises as unknown[]) : [];
  if (list.length === 0) out.exercises = 'required';
  else if (list.length > MAX_EXERCISES) out.exercises = 'too-many';
  list.forEach((item, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const name = textOf(o.name);
    if (name === '') out[`exercises.${i}.name`] = 'required';
    else if (name.length > MAX_EXERCISE_NAME) out[`exercises.${i}.name`] = 'too-long';
    for (const [k, p] of Object.entries(scheduleProblems(o))) out[`exercises.${i}.${k}`] = p;
    if (typeof o.instructions === 'string' && o.instructions.trim().length > MAX_INSTRUCTIONS) out[`exercises.${i}.instructions`] = 'too-long';
  });
  return out;
}

/** The valid form, or null. Called on submit. */
export function toExercisesForm(values: ExercisesInput): ExercisesForm | null {
  if (Object.keys(exercisesProblems(values)).length > 0) return null;
  return {
    exercises: (values.exercises as Record<string, unknown>[]).map((o) => ({
      name: cleanText(textOf(o.name)),
      ...toSchedule(o),
      instructions: cleanText(typeof o.instructions === 'string' ? o.instructions : ''),
    })),
  };
}

/** The CarePlan of a valid exercise form. Throws RangeError on a refused form or context. Called by the form on submit. */
export function exercisePlan(form: ExercisesForm, ctx: AnswerContext): CarePlan {
  const { when, requestRef } = checkAnswerContext(ctx);
  const problems = exercisesProblems(form);
  if (Object.keys(problems).length > 0) throw new RangeError(`form has problems: ${JSON.stringify(problems)}`);
  const contained: ServiceRequest[] = form.exercises.map((e, i) => {
    const instructions = cleanText(e.instructions);
    return {
      resourceType: 'ServiceRequest',
      id: `exercise-${i + 1}`,
      basedOn: [requestRef],
      status: 'active',
      intent: 'plan',
      code: { text: cleanText(e.name) },
      subject: ctx.subject,
      occurrenceTiming: timingOf(e),
      authoredOn: when,
      requester: ctx.author,
      ...(instructions !== '' ? { patientInstruction: instructions } : {}),
    };
  });
  return {
    resourceType: 'CarePlan',
    id: ctx.id,
    contained,
    status: 'active',
    intent: 'plan',
    subject: ctx.subject,
    created: when,
    author: ctx.author,
    supportingInfo: [requestRef],
    // R4 dom-3: a contained resource must be referenced from its container, here by each activity.
    activity: contained.map((sr) => ({ reference: { reference: `#${sr.id}` } })),
  };
}

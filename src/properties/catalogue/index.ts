/**
 * The properties, in the order the issue numbers them (7 is split in two: sizes, and what must
 * be rejected), then one the mutation catalogue asked for (calls share no state).
 */
import type { Property } from '../property.js';
import { agreesWithReference } from './agrees-with-reference.js';
import { argumentForms } from './argument-forms.js';
import { goldenCorpus } from './golden-corpus.js';
import { indexInWindow } from './index-in-window.js';
import { largeIndices } from './large-indices.js';
import { maxOfWindow } from './max-of-window.js';
import { metamorphic } from './metamorphic.js';
import { noSharedState } from './no-shared-state.js';
import { outputShape } from './output-shape.js';
import { planesIndependent } from './planes-independent.js';
import { rejectsInvalid } from './rejects-invalid.js';
import { tieBreak } from './tie-break.js';
import { unpoolRoundTrip } from './unpool-round-trip.js';
import { unpoolSize } from './unpool-size.js';
import { valueAtIndex } from './value-at-index.js';

export const PROPERTIES: readonly Property[] = [
  valueAtIndex, // 1
  indexInWindow, // 2
  maxOfWindow, // 3
  tieBreak, // 4
  outputShape, // 5
  unpoolRoundTrip, // 6
  unpoolSize, // 7a
  rejectsInvalid, // 7b
  planesIndependent, // 8
  metamorphic, // 9
  agreesWithReference, // 10
  goldenCorpus, // 11
  noSharedState,
  argumentForms,
  largeIndices,
];

export const PROPERTY_IDS: readonly string[] = PROPERTIES.map((p) => p.id);

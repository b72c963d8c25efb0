// Written by `npm run train:headline -- --for dumps …` (README: "A second ranker for text-browser dumps"); null: no dump ranker met the bar, so every page takes headline-weights.ts.
import type { HeadlineWeightsFile } from './headline-ranker.js';
export const HEADLINE_DUMP_WEIGHTS: HeadlineWeightsFile | null = null;

/** The model's built-in labels; operators may add keyword topics on top (later issue). */
export const TOPIC_LABELS = ['world', 'politics', 'business', 'technology', 'sport', 'entertainment'] as const;
export type TopicLabel = (typeof TOPIC_LABELS)[number];

export interface TopicPrediction {
  readonly label: TopicLabel;
  /** Probability of the chosen label, 0..1. */
  readonly confidence: number;
  /** Probability per label, summing to 1. */
  readonly scores: Readonly<Record<TopicLabel, number>>;
}

/** The part of a prediction stored with an article and shown in the CLI. */
export interface TopicAssignment {
  readonly label: TopicLabel;
  readonly confidence: number;
  /** Below the deployment's confidence threshold, or in a language the model was not trained on: delivered under its best label, but flagged. */
  readonly lowConfidence?: boolean;
}

/**
 * Types for the two natural modules imported by their own paths (the package's index would load
 * every storage back-end). Only the members this project uses are declared.
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  /** natural's state after training: per class, feature index → smoothed presence count. */
  interface ApparatusBayesState {
    classFeatures: Record<string, Record<string, number>>;
    classTotals: Record<string, number>;
    totalExamples: number;
    smoothing: number;
  }

  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    classifier: ApparatusBayesState;
    /** Training vocabulary: token → number of documents; its key order gives feature indices. */
    features: Record<string, number>;
    docs: Array<{ label: string; text: string[] }>;
    addDocument(text: string | string[], label: string): void;
    train(): void;
    getClassifications(observation: string | string[]): Array<{ label: string; value: number }>;
    classify(observation: string | string[]): string;
    static restore(classifier: Record<string, unknown>, stemmer?: unknown): BayesClassifier;
  }
  export default BayesClassifier;
}

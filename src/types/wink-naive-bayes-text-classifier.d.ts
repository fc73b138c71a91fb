// The parts of wink-naive-bayes-text-classifier Baton uses (the package ships no types).
declare module 'wink-naive-bayes-text-classifier' {
  type Classifier = {
    defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
    definePrepTasks(tasks: ((input: string[]) => string[])[]): number;
    learn(input: string[], label: string): boolean;
    consolidate(): boolean;
    computeOdds(input: string[]): [string, number][];
    exportJSON(): string;
    importJSON(json: string): boolean;
  };
  export default function naiveBayes(): Classifier;
}

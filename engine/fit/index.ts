/**
 * Fitting the article's sequence models by counting a weighted corpus.
 */
export { parseCorpus, toWords, LIMITS_CORPUS, type CorpusLine } from './corpus.ts';
export { fitFirstOrder, fitSecondOrder, type TransitionModel } from './markov.ts';
export { fitSkipVotes, skipVotesFor, type SkipMask, type SkipVotesModel } from './skip-votes.ts';
export { LIMITS_FIT } from './vocab.ts';
export { countedTables, fitGraph, type CountedTable } from './to-graph.ts';

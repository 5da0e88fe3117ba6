"""Page sections shared by the head pages and the tools: scores, attention, pooler, tokens, why, compare, guess,
lesson, mistakes, evaluate, training and the map of BERT."""

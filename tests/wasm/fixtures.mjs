// Inputs shared by the wasm tests and the CLI parity test: the vectors of the product brief.

/** csat5 counts with 600 of 1000 satisfied (4 and 5). */
export const csatCounts = { 1: 100, 2: 100, 3: 200, 4: 300, 5: 300 };
/** The same respondents after an improvement (700 satisfied). */
export const improvedCounts = { 1: 50, 2: 50, 3: 200, 4: 350, 5: 350 };

/** A small export: date, segment, rating; one bad rating, one short row, a quoted comma. */
export const surveyCsv = [
  'date,segment,rating,comment',
  '2024-03-01,web,5,"great, thanks"',
  '2024-03-01,web,4,',
  '2024-03-02,app,2,"slow ""checkout"""',
  '2024-03-09,app,3,',
  '2024-03-09,web,7,out of scale',
  '2024-03-10,web,5',
  '2024-03-10,app,1,',
  '2024-03-11,app,Very satisfied,',
  '',
].join('\n');

/** Rows of `surveyCsv` scored: the rating 7 is off the scale and the short row is unusable. */
export const surveyValidRatings = 6;

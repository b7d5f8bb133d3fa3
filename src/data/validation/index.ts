export { BarRows } from './bar-rows.js';
export { IssueLog, describeTime } from './issue-log.js';
export { findOutliers } from './outliers.js';
export { validateBars, type ValidationOptions, type ValidatedBars } from './validate-bars.js';

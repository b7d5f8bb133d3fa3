/** File extensions `exportResults` writes. */
export const EXPORT_FORMATS = ['.json', '.csv', '.parquet'] as const;

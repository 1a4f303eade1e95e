export { exportDocuments, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './documents.js';
export { exportFailureReport, FAILURE_STATUSES } from './failures.js';
export {
  exportSearchablePdfs,
  buildSearchablePdf,
  searchableName,
  type RenderPageFn,
  type RenderedPage,
  type SearchablePdfResult,
} from './searchable-pdf.js';
export { ExportPathError } from './sink.js';
export type { Delimiter } from './csv.js';

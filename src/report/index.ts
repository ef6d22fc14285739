/**
 * Reports: the self-contained HTML hunt report, the Timesketch-style timeline (CSV/JSONL) and the
 * ATT&CK Navigator layer. Each factory returns a FindingSink the engine feeds in time order.
 */
export { createHtmlReportSink, readReportData, type HtmlReportOptions, type ReportData } from './html-sink.js';
export { createTimelineSink, TIMELINE_COLUMNS, timelineRow } from './timeline-sink.js';
export { createNavigatorSink, buildNavigatorLayer, type NavigatorLayer } from './navigator-sink.js';
export { createAttackCatalog, TACTICS, type AttackCatalog, type TechniqueInfo } from './attack-catalog.js';

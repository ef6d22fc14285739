/**
 * The one event shape every reader produces and every detector consumes.
 *
 * `fields` is flat: Windows logs are flattened the way Sigma rules expect (EventID, Channel,
 * Provider_Name, Computer, TimeCreated, EventRecordID and every EventData/UserData field by its own
 * name); other JSON is flattened with dotted keys (`process.command_line`). Values keep their JSON
 * type; matchers compare strings case-insensitively and numbers numerically.
 */
export type FieldValue = string | number | boolean | null | FieldValue[];

export type EventFields = Record<string, FieldValue>;

/** Where an event came from; copied verbatim into Finding.source. */
export interface SourceRef {
  /** Path as the user gave it (relative paths stay relative). */
  path: string;
  /** 1-based position of the record in its file: line for text formats, EventRecordID for EVTX. */
  record: number;
  /** Reader format name: evtx, json, jsonl, w3c, zeek, csv, ... */
  format: string;
}

export interface HuntEvent {
  fields: EventFields;
  source: SourceRef;
  /** Event time in epoch milliseconds; NaN when the record carries none. */
  time: number;
  /**
   * The record as read, when a reader keeps it: the line of a text format (W3C, syslog, access logs),
   * the row of a CSV file. JSON and EVTX records are left out (undefined) unless ReadOptions.keepRaw
   * asks for them: their fields carry every value detectors and findings use (Finding.event is
   * `fields`), and a parsed record kept beside them only made each event live longer as garbage.
   */
  raw?: unknown;
}

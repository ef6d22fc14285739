/**
 * The few Elasticsearch endpoints shippers call besides `_bulk`, answered as an Elasticsearch 8
 * node does: the `GET /` version handshake (Beats, Logstash and Vector read `version.number`), the
 * cluster health check (Vector), the license check (Logstash), and index template / ILM policy /
 * ingest pipeline installs, which are acknowledged and ignored.
 */
export const ES_VERSION = '8.17.0';

/** Elasticsearch clients since 7.14 refuse a server that does not send this header. */
export const ES_HEADERS = { 'X-Elastic-Product': 'Elasticsearch' };

export function rootInfo(clusterUuid: string): unknown {
  return {
    name: 'cellwatch',
    cluster_name: 'cellwatch',
    cluster_uuid: clusterUuid,
    version: {
      number: ES_VERSION,
      build_flavor: 'default',
      build_type: 'tar',
      build_snapshot: false,
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

export const CLUSTER_HEALTH = {
  cluster_name: 'cellwatch', status: 'green', timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1,
  active_primary_shards: 0, active_shards: 0, relocating_shards: 0, initializing_shards: 0, unassigned_shards: 0,
};

export const LICENSE = { license: { status: 'active', type: 'basic', uid: 'cellwatch', issued_to: 'cellwatch' } };

/** Paths whose PUT is acknowledged without effect (setup calls of Beats and Logstash). */
export function isSetupPath(pathname: string): boolean {
  return /^\/_(index_template|component_template|template|ilm\/policy|ingest\/pipeline)\//.test(pathname);
}

import type { ApiDefinition } from './api';
import { produceApi } from './00-produce';
import { fetchApi } from './01-fetch';
import { listOffsetsApi } from './02-list-offsets';
import { metadataApi } from './03-metadata';
import { offsetCommitApi } from './08-offset-commit';
import { offsetFetchApi } from './09-offset-fetch';
import { findCoordinatorApi } from './10-find-coordinator';
import { joinGroupApi } from './11-join-group';
import { heartbeatApi } from './12-heartbeat';
import { leaveGroupApi } from './13-leave-group';
import { syncGroupApi } from './14-sync-group';
import { describeGroupsApi } from './15-describe-groups';
import { listGroupsApi } from './16-list-groups';
import { deleteGroupsApi } from './42-delete-groups';
import { apiVersionsApi } from './18-api-versions';
import { createTopicsApi } from './19-create-topics';
import { deleteTopicsApi } from './20-delete-topics';
import { deleteRecordsApi } from './21-delete-records';
import { describeConfigsApi } from './32-describe-configs';
import { alterConfigsApi } from './33-alter-configs';
import { createPartitionsApi } from './37-create-partitions';
import { initProducerIdApi } from './22-init-producer-id';
import { addPartitionsToTxnApi } from './24-add-partitions-to-txn';
import { addOffsetsToTxnApi } from './25-add-offsets-to-txn';
import { endTxnApi } from './26-end-txn';
import { txnOffsetCommitApi } from './28-txn-offset-commit';
import { describeAclsApi } from './29-describe-acls';
import { describeLogDirsApi } from './35-describe-log-dirs';
import { incrementalAlterConfigsApi } from './44-incremental-alter-configs';
import { listPartitionReassignmentsApi } from './46-list-partition-reassignments';
import { offsetDeleteApi } from './47-offset-delete';
import { describeClientQuotasApi } from './48-describe-client-quotas';
import { describeClusterApi } from './60-describe-cluster';

/** Every API the broker serves. ApiVersions answers from this list: one source of truth. */
export const ALL_APIS: readonly ApiDefinition[] = [
  produceApi,
  fetchApi,
  listOffsetsApi,
  metadataApi,
  findCoordinatorApi,
  offsetCommitApi,
  offsetFetchApi,
  joinGroupApi,
  heartbeatApi,
  leaveGroupApi,
  syncGroupApi,
  describeGroupsApi,
  listGroupsApi,
  deleteGroupsApi,
  apiVersionsApi,
  createTopicsApi,
  deleteTopicsApi,
  deleteRecordsApi,
  describeConfigsApi,
  alterConfigsApi,
  createPartitionsApi,
  initProducerIdApi,
  addPartitionsToTxnApi,
  addOffsetsToTxnApi,
  endTxnApi,
  txnOffsetCommitApi,
  describeAclsApi,
  describeLogDirsApi,
  incrementalAlterConfigsApi,
  listPartitionReassignmentsApi,
  offsetDeleteApi,
  describeClientQuotasApi,
  describeClusterApi,
] as ApiDefinition[];

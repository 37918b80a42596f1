import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261205150000_access_log_actor_and_keyed_chain } from './Migration20261205150000_access_log_actor_and_keyed_chain.js';
import { Migration20261123132326_connector_deliver_from } from './Migration20261123132326_connector_deliver_from.js';
import { Migration20261123131155_connector_pull_lease } from './Migration20261123131155_connector_pull_lease.js';
import { Migration20261123134637_rabbitmq_connector_kind } from './Migration20261123134637_rabbitmq_connector_kind.js';
import { Migration20261205144500_delivery_resilience } from './Migration20261205144500_delivery_resilience.js';
import { Migration20261205150000_registration_revocation } from './Migration20261205150000_registration_revocation.js';
import { Migration20261123101608_connectors } from './Migration20261123101608_connectors.js';
import { Migration20261123104244_cases_and_calendar } from './Migration20261123104244_cases_and_calendar.js';
import { Migration20261123102622_e_licences } from './Migration20261123102622_e_licences.js';
import { Migration20261123102115_trading } from './Migration20261123102115_trading.js';
import { Migration20261123102641_sharing_policy_and_access_log } from './Migration20261123102641_sharing_policy_and_access_log.js';
import { Migration20261123101223_enterprise_search_and_branches } from './Migration20261123101223_enterprise_search_and_branches.js';
import { Migration20261123102520_matters_catalog } from './Migration20261123102520_matters_catalog.js';
import { Migration20261123095749_enterprise_registry } from './Migration20261123095749_enterprise_registry.js';
import { Migration20261205144600_personal_sharing_level } from './Migration20261205144600_personal_sharing_level.js';
import { Migration20261205150000_acceptance_counting } from './Migration20261205150000_acceptance_counting.js';
import { Migration20261205200000_import_jobs } from './Migration20261205200000_import_jobs.js';
import { Migration20261207020000_redundant_registration_indexes } from './Migration20261207020000_redundant_registration_indexes.js';
import { Migration20261207080000_row_counts } from './Migration20261207080000_row_counts.js';
import { Migration20261123093801_initial_departments } from './Migration20261123093801_initial_departments.js';

/**
 * The migrations, in order. Listed explicitly (not discovered by glob) so they load the same way
 * under vitest, from `dist/` and from the sources. `npm run migration:create` appends to this list.
 */
export const migrationsList: Array<{ name: string; class: Constructor<Migration> }> = [
  { name: 'Migration20261123093801_initial_departments', class: Migration20261123093801_initial_departments },
  { name: 'Migration20261123095749_enterprise_registry', class: Migration20261123095749_enterprise_registry },
  { name: 'Migration20261123101223_enterprise_search_and_branches', class: Migration20261123101223_enterprise_search_and_branches },
  { name: 'Migration20261123101608_connectors', class: Migration20261123101608_connectors },
  { name: 'Migration20261123102115_trading', class: Migration20261123102115_trading },
  { name: 'Migration20261123102622_e_licences', class: Migration20261123102622_e_licences },
  { name: 'Migration20261123102520_matters_catalog', class: Migration20261123102520_matters_catalog },
  { name: 'Migration20261123102641_sharing_policy_and_access_log', class: Migration20261123102641_sharing_policy_and_access_log },
  { name: 'Migration20261123104244_cases_and_calendar', class: Migration20261123104244_cases_and_calendar },
  { name: 'Migration20261123131155_connector_pull_lease', class: Migration20261123131155_connector_pull_lease },
  { name: 'Migration20261123132326_connector_deliver_from', class: Migration20261123132326_connector_deliver_from },
  { name: 'Migration20261123134637_rabbitmq_connector_kind', class: Migration20261123134637_rabbitmq_connector_kind },
  { name: 'Migration20261205144500_delivery_resilience', class: Migration20261205144500_delivery_resilience },
  { name: 'Migration20261205144600_personal_sharing_level', class: Migration20261205144600_personal_sharing_level },
  { name: 'Migration20261205150000_access_log_actor_and_keyed_chain', class: Migration20261205150000_access_log_actor_and_keyed_chain },
  { name: 'Migration20261205150000_acceptance_counting', class: Migration20261205150000_acceptance_counting },
  { name: 'Migration20261205150000_registration_revocation', class: Migration20261205150000_registration_revocation },
  { name: 'Migration20261205200000_import_jobs', class: Migration20261205200000_import_jobs },
  { name: 'Migration20261207020000_redundant_registration_indexes', class: Migration20261207020000_redundant_registration_indexes },
  { name: 'Migration20261207080000_row_counts', class: Migration20261207080000_row_counts },
];

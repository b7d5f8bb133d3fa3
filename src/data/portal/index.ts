export { BarStore, type StoredAsset } from './bar-store.js';
export { DataPortal, type BarSlice, type PortalSplit } from './data-portal.js';
export {
  STORED_FIELDS,
  storedField,
  checkField,
  type BarField,
  type StoredField,
} from './bar-field.js';

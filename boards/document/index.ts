/**
 * The board document: the shape of a board's Y.Doc, the operations that change it and the
 * JSON views that read it. Pure TypeScript (yjs, fractional-indexing, uuid), shared by the
 * server and the web app so both read and write boards the same way. See docs/boards.md.
 */
export { BoardDocumentError } from './errors.js'
export { byPosition } from './maps.js'
export {
  COMPUTED_FIELD_TYPES,
  FIELD_TYPES,
  FILTER_OPS,
  OPTION_COLORS,
  SCHEMA_VERSION,
  STORED_FIELD_TYPES,
  VIEW_KINDS,
  cardsOf,
  fieldList,
  fieldsOf,
  groupField,
  isComputedType,
  metaOf,
  viewsOf,
  type Actor,
  type CellValue,
  type ComputedFieldType,
  type FieldJson,
  type FieldType,
  type FilterOp,
  type OptionColor,
  type SelectOption,
  type StoredFieldType,
  type ViewKind,
} from './schema.js'
export { LIMITS, readValue, validateValue } from './values.js'
export { indexFor, placeAt, type Placed, type Placement } from './positions.js'
export { cardTitleFrom, setText } from './text.js'
export {
  archiveCard,
  createCard,
  deleteCard,
  moveCard,
  updateCard,
  type CreateCardInput,
  type MoveCardInput,
  type UpdateCardInput,
} from './cards.js'
export {
  addChecklistItem,
  moveChecklistItem,
  progressOf,
  readChecklist,
  removeChecklistItem,
  updateChecklistItem,
  type AddChecklistItemInput,
  type ChecklistItemJson,
  type ChecklistProgress,
  type UpdateChecklistItemInput,
} from './checklists.js'
export {
  addField,
  moveField,
  removeField,
  renameField,
  setGroupBy,
  type FieldInput,
} from './fields.js'
export {
  addOption,
  moveOption,
  removeOption,
  renameOption,
  setOptionColor,
  type OptionInput,
} from './options.js'
export {
  addView,
  removeView,
  updateView,
  viewList,
  WIDTHS,
  type ViewFilter,
  type ViewJson,
  type ViewSettings,
  type ViewSort,
} from './views.js'
export {
  boardJson,
  cardJson,
  cardsInColumn,
  columnsOf,
  type BoardJson,
  type CardJson,
  type ColumnJson,
} from './json.js'
export {
  assigneeField,
  boardProjection,
  cardProjection,
  dueDateField,
  type CardProjection,
} from './projection.js'
export { peopleOf, rekeyCards, remapPeople } from './remap.js'
export {
  TEMPLATES,
  TEMPLATE_NAMES,
  applyTemplate,
  type BoardTemplate,
  type TemplateName,
} from './templates.js'

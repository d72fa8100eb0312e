import { onBeforeUnmount, shallowRef } from 'vue'
import type * as Y from 'yjs'
import { cardsOf, fieldsOf, metaOf, viewList, viewsOf } from '../../boards/document/index.js'
import { CalendarReader, type CalendarModel } from './calendarModel'

/**
 * The calendar read model of one view of an open board, kept up to date as the document
 * changes (re-read once per batch of changes, touched cards only) until the component using
 * it unmounts.
 */
export function useCalendarModel(doc: Y.Doc, viewId: () => string) {
  const reader = new CalendarReader(
    doc,
    () => viewList(doc).find((entry) => entry.id === viewId()) ?? null
  )
  const model = shallowRef<CalendarModel>(reader.model())
  let scheduled = false
  const render = () => {
    scheduled = false
    model.value = reader.model()
  }
  const schedule = () => {
    if (!scheduled) queueMicrotask(render)
    scheduled = true
  }
  const onCards = (events: Array<Y.YEvent<any>>) => {
    reader.changed(events)
    schedule()
  }
  const onShape = () => {
    reader.invalidate()
    schedule()
  }
  const shapes = [fieldsOf(doc), viewsOf(doc), metaOf(doc)]
  cardsOf(doc).observeDeep(onCards)
  for (const map of shapes) map.observeDeep(onShape)
  onBeforeUnmount(() => {
    cardsOf(doc).unobserveDeep(onCards)
    for (const map of shapes) map.unobserveDeep(onShape)
  })
  return model
}

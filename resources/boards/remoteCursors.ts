import { RangeSet, type Range } from '@codemirror/state'
import {
  Decoration,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type EditorView,
  type ViewUpdate,
} from '@codemirror/view'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'

/**
 * Others' cursors and selections in a collaborative text, with their names, and this
 * person's own cursor published in the board's awareness (`cursor: { anchor, head }`, as
 * relative positions, the format y-codemirror.next reads). The same as y-codemirror.next's
 * `yRemoteSelections`, which it replaces: that one writes colours in `style` attributes,
 * which the app's Content Security Policy (no inline styles) refuses; these go through the
 * CSSOM (`element.style`, CodeMirror's own attribute handling), which it allows.
 */
type Peer = {
  user?: { name?: unknown; color?: unknown }
  cursor?: { anchor?: unknown; head?: unknown } | null
}

class CaretWidget extends WidgetType {
  constructor(
    readonly color: string,
    readonly name: string
  ) {
    super()
  }

  toDOM() {
    const caret = document.createElement('span')
    caret.className = 'cm-ySelectionCaret'
    caret.style.backgroundColor = this.color
    caret.style.borderColor = this.color
    const dot = document.createElement('div')
    dot.className = 'cm-ySelectionCaretDot'
    const info = document.createElement('div')
    info.className = 'cm-ySelectionInfo'
    info.textContent = this.name
    caret.append('\u2060', dot, '\u2060', info, '\u2060')
    return caret
  }

  eq(widget: CaretWidget) {
    return widget.color === this.color && widget.name === this.name
  }

  ignoreEvent() {
    return true
  }
}

const isColor = (value: unknown): value is string =>
  typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)

export function remoteCursors(text: Y.Text, awareness: Awareness) {
  const doc = text.doc!
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet = RangeSet.of([])
      readonly listener: (change: { added: number[]; updated: number[]; removed: number[] }) => void

      constructor(readonly view: EditorView) {
        this.listener = ({ added, updated, removed }) => {
          const clients = [...added, ...updated, ...removed]
          if (clients.some((id) => id !== doc.clientID)) view.dispatch({})
        }
        awareness.on('change', this.listener)
      }

      destroy() {
        awareness.off('change', this.listener)
        if (awareness.getLocalState()?.cursor) awareness.setLocalStateField('cursor', null)
      }

      update(update: ViewUpdate) {
        this.publish(update)
        this.decorations = this.paint(update)
      }

      /** This person's selection, when the editor has the focus, for the others to see. */
      publish(update: ViewUpdate) {
        const local = awareness.getLocalState() as Peer | null
        if (!local) return
        const focused = update.view.hasFocus && update.view.dom.ownerDocument.hasFocus()
        const selection = focused ? update.state.selection.main : null
        if (selection) {
          const anchor = Y.createRelativePositionFromTypeIndex(text, selection.anchor)
          const head = Y.createRelativePositionFromTypeIndex(text, selection.head)
          const held = local.cursor
          const same =
            held &&
            Y.compareRelativePositions(Y.createRelativePositionFromJSON(held.anchor), anchor) &&
            Y.compareRelativePositions(Y.createRelativePositionFromJSON(held.head), head)
          if (!same) awareness.setLocalStateField('cursor', { anchor, head })
        } else if (local.cursor && focused) {
          awareness.setLocalStateField('cursor', null)
        }
      }

      paint(update: ViewUpdate): DecorationSet {
        const ranges: Array<Range<Decoration>> = []
        for (const [clientId, state] of awareness.getStates() as Map<number, Peer>) {
          if (clientId === doc.clientID || !state.cursor?.anchor || !state.cursor.head) continue
          const anchor = Y.createAbsolutePositionFromRelativePosition(
            Y.createRelativePositionFromJSON(state.cursor.anchor),
            doc
          )
          const head = Y.createAbsolutePositionFromRelativePosition(
            Y.createRelativePositionFromJSON(state.cursor.head),
            doc
          )
          if (!anchor || !head || anchor.type !== text || head.type !== text) continue
          const color = isColor(state.user?.color) ? state.user.color : '#2b5cc4'
          const name = typeof state.user?.name === 'string' ? state.user.name : 'Someone'
          const light = { style: `background-color: ${color}33` }
          const start = Math.min(anchor.index, head.index)
          const end = Math.max(anchor.index, head.index)
          const { doc: lines } = update.view.state
          const first = lines.lineAt(start)
          const last = lines.lineAt(end)
          if (start < end) {
            if (first.number === last.number) {
              ranges.push(Decoration.mark({ attributes: light }).range(start, end))
            } else {
              ranges.push(Decoration.mark({ attributes: light }).range(start, first.to))
              for (let number = first.number + 1; number < last.number; number++) {
                const from = lines.line(number).from
                ranges.push(Decoration.line({ attributes: light }).range(from))
              }
              if (last.from < end)
                ranges.push(Decoration.mark({ attributes: light }).range(last.from, end))
            }
          }
          const side = head.index - anchor.index > 0 ? -1 : 1
          ranges.push(
            Decoration.widget({ side, widget: new CaretWidget(color, name) }).range(head.index)
          )
        }
        return Decoration.set(ranges, true)
      }
    },
    { decorations: (plugin) => plugin.decorations }
  )
}

import { Compartment, EditorState, type Extension } from '@codemirror/state'
import { EditorView, keymap, placeholder } from '@codemirror/view'
import { defaultKeymap } from '@codemirror/commands'
import { yCollab, yRemoteSelections, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { remoteCursors } from './remoteCursors'

/**
 * The collaborative description editor: CodeMirror 6 bound to the card's `description`
 * Y.Text by y-codemirror.next, so concurrent typing merges character by character and each
 * person sees the others' cursors and selections with their names. Its undo is its own,
 * scoped to this text and to this person's typing. Loaded on demand (its own chunk).
 */
export interface DescriptionEditor {
  setEditable(editable: boolean): void
  focus(): void
  destroy(): void
}

export interface DescriptionOptions {
  text: Y.Text
  awareness: Awareness
  editable: boolean
  maxLength: number
  label: string
  /** The editor gained or lost focus (presence: "editing"). */
  onFocusChange: (focused: boolean) => void
  /** Typing was refused: the text would pass `maxLength`. */
  onRefused: (message: string) => void
}

const theme = EditorView.theme({
  '&': {
    color: 'var(--color-text)',
    backgroundColor: 'transparent',
    fontSize: 'var(--font-size-md)',
    border: '1px solid transparent',
    borderRadius: 'var(--radius-md)',
  },
  // The host sets --description-hover to transparent when the text is read only.
  '&:hover': { borderColor: 'var(--description-hover, var(--color-border))' },
  '&.cm-focused': { outline: 'none', borderColor: 'var(--color-focus)' },
  // Visible overflow: a name label above the first line is not cut off.
  '.cm-scroller': {
    overflow: 'visible',
    fontFamily: 'var(--font-sans)',
    lineHeight: 'var(--line-height-body)',
  },
  '.cm-content': { padding: 'var(--space-2)', caretColor: 'var(--color-text)', minHeight: '4.5em' },
  '.cm-line': { padding: '0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--color-text)' },
  '.cm-placeholder': { color: 'var(--color-text-faint)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--color-bg-active)',
  },
  // Others' names always show beside their cursors, in the app's font, with no animation.
  '.cm-ySelectionInfo': {
    opacity: '1',
    top: '-1.4em',
    padding: '1px 4px',
    borderRadius: 'var(--radius-sm)',
    fontFamily: 'var(--font-sans)',
    fontSize: 'var(--font-size-xs)',
    fontWeight: 'var(--font-weight-medium)',
    whiteSpace: 'nowrap',
    transition: 'none',
  },
  '.cm-ySelectionCaretDot': { transition: 'none' },
})

const readOnly = (editable: boolean) => [
  EditorState.readOnly.of(!editable),
  EditorView.editable.of(editable),
  placeholder(editable ? 'Add a description…' : 'No description'),
]

/**
 * Mounts the editor in `host`, inside a shadow root of its own: CodeMirror's styles are then
 * adopted style sheets, which the app's Content Security Policy allows (its `<style>` tags
 * it does not). The app's custom properties (colours, fonts) reach inside.
 */
export function mountDescription(host: HTMLElement, options: DescriptionOptions) {
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  const parent = document.createElement('div')
  shadow.append(parent)
  const undoManager = new Y.UndoManager(options.text)
  const access = new Compartment()
  const limit = EditorState.changeFilter.of((transaction) => {
    // Changes from the document (others' typing) always apply; only this person's are capped.
    if (transaction.annotation(ySyncAnnotation) !== undefined) return true
    if (transaction.newDoc.length <= options.maxLength) return true
    options.onRefused(`At most ${options.maxLength} characters`)
    return false
  })
  const view = new EditorView({
    parent,
    root: shadow,
    state: EditorState.create({
      doc: options.text.toString(),
      extensions: [
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        // Others' cursors come from remoteCursors: yCollab's own would be refused by the CSP.
        (yCollab(options.text, options.awareness, { undoManager }) as Extension[]).filter(
          (extension) => extension !== yRemoteSelections
        ),
        remoteCursors(options.text, options.awareness),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.domEventHandlers({
          focus: () => options.onFocusChange(true),
          blur: () => options.onFocusChange(false),
        }),
        limit,
        access.of(readOnly(options.editable)),
        theme,
      ],
    }),
  })
  return {
    setEditable(editable: boolean) {
      view.dispatch({ effects: access.reconfigure(readOnly(editable)) })
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy()
      parent.remove()
      undoManager.destroy()
    },
  } satisfies DescriptionEditor
}

import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import {
  BoardDocumentError,
  addField,
  cardJson,
  createCard,
  fieldList,
  updateCard,
  validateValue,
  type FieldJson,
} from '#boards/document/index'
import { boardDoc, fieldNamed, optionId, someone, thrownBy } from '#tests/helpers/board_docs'

const USER = '01a21f5f-1fb1-752f-a038-f2a209abcf95'
const OTHER = '01a21f5f-1fb1-752f-a038-f2a209abcf96'

/** A field of `type` on a fresh board, with options `a` and `b` where it has options. */
function fieldOf(type: FieldJson['type']): FieldJson {
  const doc = boardDoc('empty')
  const options = [{ label: 'a' }, { label: 'b' }]
  const id = addField(doc, { name: type, type, options })
  return fieldList(doc).find((field) => field.id === id)!
}

function assertRefused(assert: Assert, field: FieldJson, value: unknown, code: string) {
  const error = thrownBy(() => validateValue(field, value))
  assert.instanceOf(error, BoardDocumentError, `${field.type} ${JSON.stringify(value)}`)
  assert.equal((error as BoardDocumentError).code, code, `${field.type} ${JSON.stringify(value)}`)
  assert.equal((error as BoardDocumentError).field, `values.${field.id}`)
}

test.group('Board document: value rules', () => {
  test('each field type accepts its values and stores them normalised', ({ assert }) => {
    const select = fieldOf('select')
    const multi = fieldOf('multi_select')
    const [a, b] = select.options!.map((option) => option.id)
    const [ma, mb] = multi.options!.map((option) => option.id)
    const accepted: Array<[FieldJson, unknown, unknown]> = [
      [fieldOf('text'), 'hello', 'hello'],
      [fieldOf('text'), '', null],
      [fieldOf('text'), 'x'.repeat(10_000), 'x'.repeat(10_000)],
      [fieldOf('number'), -2.5, -2.5],
      [select, a, a],
      [select, b, b],
      [multi, [mb, ma], [mb, ma]],
      [multi, [], null],
      [fieldOf('person'), [USER.toUpperCase(), OTHER], [USER, OTHER]],
      [fieldOf('date'), '2025-02-28', '2025-02-28'],
      [fieldOf('date'), '2025-03-01T10:30:00+02:00', '2025-03-01T08:30:00.000Z'],
      [fieldOf('checkbox'), false, false],
      [fieldOf('url'), ' https://example.com/a?b=c ', 'https://example.com/a?b=c'],
      [fieldOf('url'), '', null],
      [fieldOf('number'), null, null],
    ]
    for (const [field, value, stored] of accepted) {
      assert.deepEqual(
        validateValue(field, value),
        stored,
        `${field.type} ${JSON.stringify(value)}`
      )
    }
  })

  test('a value breaking its field type rule is refused with a code on values.<fieldId>', ({
    assert,
  }) => {
    const refused: Array<[FieldJson['type'], unknown, string]> = [
      ['text', 42, 'invalid_type'],
      ['text', 'x'.repeat(10_001), 'too_long'],
      ['number', '3', 'invalid_type'],
      ['number', Number.POSITIVE_INFINITY, 'not_finite'],
      ['number', Number.NaN, 'not_finite'],
      ['select', 'not-an-option', 'unknown_option'],
      ['select', ['x'], 'invalid_type'],
      ['multi_select', ['nope'], 'unknown_option'],
      ['multi_select', 'a', 'invalid_type'],
      ['person', USER, 'invalid_type'],
      ['person', ['bob'], 'invalid_user_id'],
      ['person', [USER, USER], 'duplicate'],
      ['date', '2025-02-30', 'invalid_date'],
      ['date', '2025-03-01T10:30:00', 'invalid_date'],
      ['date', 'tomorrow', 'invalid_date'],
      ['checkbox', 'yes', 'invalid_type'],
      ['url', 'javascript:alert(1)', 'invalid_url'],
      ['url', 'example.com', 'invalid_url'],
      ['url', `https://example.com/${'a'.repeat(2_000)}`, 'too_long'],
      ['created_at', '2025-01-01', 'computed_field'],
      ['updated_by', null, 'computed_field'],
    ]
    for (const [type, value, code] of refused) assertRefused(assert, fieldOf(type), value, code)
  })

  test('duplicate options in a multi-select and more than 20 people are refused', ({ assert }) => {
    const multi = fieldOf('multi_select')
    const id = multi.options![0].id
    assertRefused(assert, multi, [id, id], 'duplicate')
    const people = Array.from({ length: 21 }, (_, i) => `${USER.slice(0, -2)}${10 + i}`)
    assertRefused(assert, fieldOf('person'), people, 'too_many')
    assert.lengthOf(validateValue(fieldOf('person'), people.slice(0, 20)) as string[], 20)
  })

  test('a card title over 500 characters and an unknown field are refused, nothing written', ({
    assert,
  }) => {
    const doc = boardDoc()
    const actor = someone()
    const id = createCard(doc, { title: 'Plan' }, actor)
    const long = thrownBy(() => updateCard(doc, id, { title: 'x'.repeat(501) }, actor))
    assert.include(long, { field: 'title', code: 'too_long' })

    const unknown = thrownBy(() => createCard(doc, { title: 'B', values: { nope: 1 } }, actor))
    assert.include(unknown, { field: 'values.nope', code: 'unknown_field' })

    const priority = fieldNamed(doc, 'Priority').id
    const bad = thrownBy(() =>
      updateCard(doc, id, { title: 'Changed', values: { [priority]: 'none' } }, actor)
    )
    assert.include(bad, { field: `values.${priority}`, code: 'unknown_option' })
    assert.equal(cardJson(doc, id).title, 'Plan')
  })

  test('computed fields read from the card and cannot be set', ({ assert }) => {
    const doc = boardDoc()
    const actor = someone()
    const createdBy = addField(doc, { name: 'Created by', type: 'created_by' })
    const updatedAt = addField(doc, { name: 'Updated', type: 'updated_at' })
    const id = createCard(doc, { title: 'A', column: optionId(doc, 'Status', 'Done') }, actor)

    const card = cardJson(doc, id)
    assert.equal(card.values[createdBy], actor.userId)
    assert.equal(card.values[updatedAt], card.updatedAt)
    const error = thrownBy(() => updateCard(doc, id, { values: { [createdBy]: USER } }, actor))
    assert.include(error, { field: `values.${createdBy}`, code: 'computed_field' })
  })
})

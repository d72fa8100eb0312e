/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…", or ''. */
export function typingSentence(names: string[]) {
  if (names.length === 0) return ''
  if (names.length === 1) return `${names[0]} is typing…`
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`
  return 'Several people are typing…'
}

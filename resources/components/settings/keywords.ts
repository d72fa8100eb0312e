/** Keywords as typed (commas or lines between them) as the list the API takes. */
export function parseKeywords(text: string) {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((word) => word.trim())
        .filter(Boolean)
    ),
  ]
}

/**
 * Resolves the module paths AdonisJS asks for: relative paths against the
 * application root, everything else (packages, subpath imports) as usual.
 */
export const APP_ROOT = new URL('../', import.meta.url)

export function importer(filePath: string) {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

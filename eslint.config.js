import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['build/**', 'tmp/**', 'data/**', 'node_modules/**', '.adonisjs/**'],
})

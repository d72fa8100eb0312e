import { configApp, RULES_LIST } from '@adonisjs/eslint-config'
import { vue } from '@adonisjs/eslint-config/vue'
import tseslint from 'typescript-eslint'

export default configApp(
  ...vue,
  {
    name: 'Hearth web app',
    files: ['resources/**/*.{ts,vue}'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      ...RULES_LIST,
      'vue/component-api-style': ['error', ['script-setup', 'composition']],
      'vue/component-name-in-template-casing': ['error', 'PascalCase'],
      'vue/define-emits-declaration': ['error', 'type-based'],
      'vue/define-props-declaration': ['error', 'type-based'],
      'vue/block-order': ['error', { order: ['script', 'template', 'style'] }],
      'vue/multi-word-component-names': 'off',
      // Components are PascalCase, composables and modules camelCase (shared/STYLE.md).
      '@unicorn/filename-case': ['error', { cases: { pascalCase: true, camelCase: true } }],
    },
  },
  {
    ignores: ['build/**', 'tmp/**', 'data/**', 'node_modules/**', '.adonisjs/**', 'public/**'],
  }
)

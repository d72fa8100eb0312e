import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import { BaseModel, beforeCreate, column } from '@adonisjs/lucid/orm'
import { newId } from '#app/helpers/ids'

/**
 * Gives a model a string primary key `id`, assigned on create.
 */
export function withUuid<Model extends NormalizeConstructor<typeof BaseModel>>(superclass: Model) {
  class ModelWithUuid extends superclass {
    static selfAssignPrimaryKey = true

    @column({ isPrimary: true })
    declare id: string

    @beforeCreate()
    static assignId(model: ModelWithUuid) {
      model.id ??= newId()
    }
  }
  return ModelWithUuid
}

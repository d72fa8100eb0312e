import { DateTime } from 'luxon'
import factory from '@adonisjs/lucid/factories'
import User from '#app/models/user'

/** Every factory user's password, so tests can sign in as them. */
export const FACTORY_PASSWORD = 'factory password 1'

export const UserFactory = factory
  .define(User, ({ faker }) => {
    const username = `u${faker.string.alphanumeric(12).toLowerCase()}`
    return {
      username,
      email: `${username}@example.test`,
      displayName: faker.person.fullName().slice(0, 64),
      password: FACTORY_PASSWORD,
      isAdmin: false,
    }
  })
  .state('admin', (user) => (user.isAdmin = true))
  .state('deactivated', (user) => (user.deactivatedAt = DateTime.now()))
  .build()

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { count, dataLayerCart } from '../src/cart.js'

test('item count from items arrays (quantity, default 1) and numbers', () => {
  assert.equal(count([{ id: 'a', quantity: 2 }, { id: 'b' }, { id: 'c', quantity: '3' }]), 6)
  assert.equal(count([]), 0)
  assert.equal(count(4), 4)
  assert.equal(count('2'), 2)
  assert.equal(count(-3), 0)
  assert.equal(count(undefined), 0)
})

test('GA4 dataLayer entries, gtag and GTM shapes', () => {
  assert.equal(dataLayerCart(0, ['event', 'add_to_cart', { items: [{ quantity: 2 }] }]), 2)
  assert.equal(dataLayerCart(2, { event: 'add_to_cart', ecommerce: { items: [{ item_id: 'x' }] } }), 3)
  assert.equal(dataLayerCart(3, { event: 'add_to_cart' }), 4, 'no items: one')
  assert.equal(dataLayerCart(3, ['event', 'remove_from_cart', { items: [{ quantity: 2 }] }]), 1)
  assert.equal(dataLayerCart(1, { event: 'remove_from_cart', ecommerce: { items: [{ quantity: 5 }] } }), 0, 'never negative')
  assert.equal(dataLayerCart(5, ['event', 'purchase', { transaction_id: 't1' }]), 0)
  assert.equal(dataLayerCart(5, { event: 'purchase', ecommerce: {} }), 0)
})

test('entries that are not about the cart change nothing', () => {
  for (const e of [undefined, null, { event: 'gtm.js' }, ['config', 'G-XXXX'], ['event', 'page_view'], 'string', 42])
    assert.equal(dataLayerCart(3, e), undefined, JSON.stringify(e))
})

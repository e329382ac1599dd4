import { formatAmount, orderReceivedMessage, paymentFailedMessage, paymentSucceededMessage } from './notification-messages';

describe('notification messages', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [8899, '88.99'],
    [100, '1.00'],
    [900719925474099, '9007199254740.99'],
  ])('formats %i cents as %s', (cents, text) => {
    expect(formatAmount(cents)).toBe(text);
  });

  it('says what happened to the order in words a customer reads', () => {
    expect(orderReceivedMessage(8899, 'USD')).toBe('order received (total 88.99 USD)');
    expect(paymentSucceededMessage(8899, 'USD')).toBe('payment succeeded (88.99 USD charged)');
    expect(paymentFailedMessage('DECLINED')).toBe('payment failed: declined');
    expect(paymentFailedMessage('INSUFFICIENT_FUNDS')).toBe('payment failed: insufficient funds');
  });
});

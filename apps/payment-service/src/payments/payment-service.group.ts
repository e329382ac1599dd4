/** The payment service's consumer group; also the inbox's `consumer_group`. */
export const PAYMENT_SERVICE_GROUP = 'payment-service';

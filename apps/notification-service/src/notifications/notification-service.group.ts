/** The notification service's consumer group; also the inbox's `consumer_group`. */
export const NOTIFICATION_SERVICE_GROUP = 'notification-service';

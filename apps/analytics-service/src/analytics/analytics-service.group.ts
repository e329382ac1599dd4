/** The analytics service's consumer group; also the inbox's `consumer_group`. */
export const ANALYTICS_SERVICE_GROUP = 'analytics-service';

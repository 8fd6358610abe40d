//! The message broker model (RabbitMQ, AMQP 0-9-1): exchanges, bindings, queues, consumers,
//! acknowledgements and dead-lettering.

package dev.leader.sample.billing.gateway;

/**
 * The payment provider could not be reached or answered unexpectedly; the charge may or
 * may not have been made, so it is retried later with the same idempotency key.
 *
 * @author leader-spring-boot-starter
 */
public class PaymentGatewayException extends RuntimeException {

	public PaymentGatewayException(String message) {
		super(message);
	}

	public PaymentGatewayException(String message, Throwable cause) {
		super(message, cause);
	}

}

package dev.leader.docs.http;

import dev.leader.http.FencedEndpoint;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ChargesController {

	// Requires Fencing-Token: billing:<value>; refuses stale ones
	@FencedEndpoint("billing")
	@PostMapping("/charges")
	public String charge(@RequestBody String charge) {
		return "charged";
	}

}

package dev.leader.docs.http;

import dev.leader.http.FencedEndpoint;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ChargesController {

	@FencedEndpoint("billing") // requires Fencing-Token: billing:<value>, refuses stale
								// ones
	@PostMapping("/charges")
	public String charge(@RequestBody String charge) {
		return "charged";
	}

}

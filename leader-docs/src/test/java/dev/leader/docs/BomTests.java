/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.leader.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * leader-bom manages every published artifact of the project, at the project's version,
 * and the ZooKeeper store's versions the build itself uses. (That applications resolve
 * with it is proved by the outside projects under src/it.)
 */
class BomTests {

	@Test
	void bomManagesEveryPublishedModule() throws Exception {
		Document root = parse(Docs.root().resolve("pom.xml"));
		List<String> managed = managedArtifactIds(parse(Docs.root().resolve("leader-bom/pom.xml")));
		List<String> missing = new ArrayList<>();
		for (String module : texts(root, "module")) {
			Path pom = Docs.root().resolve(module).resolve("pom.xml");
			Document document = parse(pom);
			String artifactId = childText(document.getDocumentElement(), "artifactId");
			String packaging = childText(document.getDocumentElement(), "packaging");
			boolean published = !Files.readString(pom).contains("<maven.deploy.skip>true</maven.deploy.skip>");
			if (published && !"pom".equals(packaging) && !managed.contains(artifactId)) {
				missing.add(artifactId);
			}
		}
		assertThat(missing).as("published modules that leader-bom does not manage").isEmpty();
	}

	@Test
	void bomVersionsMatchTheBuild() throws Exception {
		Document root = parse(Docs.root().resolve("pom.xml"));
		Document bom = parse(Docs.root().resolve("leader-bom/pom.xml"));
		assertThat(childText(bom.getDocumentElement(), "version"))
			.isEqualTo(childText(root.getDocumentElement(), "version"));
		for (String property : List.of("spring-integration-zookeeper.version", "curator.version", "jetcd.version")) {
			assertThat(texts(bom, property)).as(property).isEqualTo(texts(root, property)).hasSize(1);
		}
	}

	private static List<String> managedArtifactIds(Document bom) {
		List<String> ids = new ArrayList<>();
		NodeList dependencies = bom.getElementsByTagName("dependency");
		for (int i = 0; i < dependencies.getLength(); i++) {
			Element dependency = (Element) dependencies.item(i);
			if ("dev.leader".equals(childText(dependency, "groupId"))) {
				ids.add(childText(dependency, "artifactId"));
			}
		}
		return ids;
	}

	private static List<String> texts(Document document, String tag) {
		List<String> texts = new ArrayList<>();
		NodeList nodes = document.getElementsByTagName(tag);
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent().strip());
		}
		return texts;
	}

	private static String childText(Element element, String tag) {
		for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
			if (child instanceof Element childElement && childElement.getTagName().equals(tag)) {
				return childElement.getTextContent().strip();
			}
		}
		return null;
	}

	private static Document parse(Path pom) throws Exception {
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
	}

}

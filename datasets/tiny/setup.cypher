// The tiny seed graph used by tests/e2e and the examples in docs/query-language.md:
// a handful of people, organisations and places from a made-up news story.
CREATE (ann:Person {name: 'Ann Lee', age: 41, aliases: ['Ann', 'A. Lee']}),
       (bob:Person {name: 'Bob Stone', age: 35}),
       (cid:Person {name: 'Cid Moreau', age: 52}),
       (dee:Person {name: 'Dee Park'}),
       (acme:Organization {name: 'Acme Corp', founded: 1999}),
       (globex:Organization {name: 'Globex'}),
       (paris:Place:City {name: 'Paris'}),
       (lyon:Place:City {name: 'Lyon'}),
       (ann)-[:WORKS_FOR {since: 2015}]->(acme),
       (bob)-[:WORKS_FOR {since: 2020}]->(acme),
       (cid)-[:WORKS_FOR {since: 2001}]->(globex),
       (ann)-[:KNOWS]->(bob),
       (bob)-[:KNOWS]->(cid),
       (cid)-[:KNOWS]->(dee),
       (acme)-[:LOCATED_IN]->(paris),
       (globex)-[:LOCATED_IN]->(lyon),
       (acme)-[:ACQUIRED {year: 2022}]->(globex);

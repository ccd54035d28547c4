//! Table tests of the query language, named after Feathers' adapter-tests cases.

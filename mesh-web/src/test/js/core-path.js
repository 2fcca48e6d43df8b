// Where the modules under test live (the files the browser app serves).
export const CORE = '../../main/resources/io/meshkit/web/app/js/mesh/core';
